// The interface both drivers implement: terminal clients attached to one tmux session.

import type { FleetTarget } from './fleet/protocol.js';
import type { TmuxServer } from './tmuxServer.js';

/** One attached terminal client, as the bench sees it. */
export interface BenchClient {
  /** Bytes received so far. */
  bytes: number;
  /** Sends keyboard input. */
  write(text: string): void;
  /** Calls `listener` with every chunk of output received; returns its unsubscribe. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Stops reading this client's output (it is never resumed). */
  freeze(): void;
  close(): void;
}

export interface Driver {
  readonly name: 'raw' | 'relay' | 'gateway';
  /** Attaches one client; resolves once its first output (the initial screen) has arrived. */
  attach(role: 'writer' | 'viewer'): Promise<BenchClient>;
  /** How a viewer fleet process (bench/fleet/) attaches viewers of this driver. */
  fleetTarget(): Promise<FleetTarget>;
  /** PIDs whose memory and CPU count as this driver's: the gateway, or the raw tmux clients. */
  measuredPids(): number[];
  /** PID of the gateway process (undefined for raw). */
  gatewayPid(): number | undefined;
  stop: () => Promise<void>;
}

export type DriverFactory = (tmux: TmuxServer) => Promise<Driver>;
