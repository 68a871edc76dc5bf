// Which state directory a command that talks to the running gateway should use: the config
// file's stateDir, else $TMUXGATE_STATE_DIR or ~/.local/state/tmuxgate (as `serve` does).

import { loadConfigFile } from './configFile.js';
import { defaultStateDir } from '../state/stateDir.js';

export async function resolveStateDir(configPath: string | undefined): Promise<string> {
  return configPath === undefined ? defaultStateDir() : (await loadConfigFile(configPath)).stateDir;
}
