// The owner's recording controls in the terminal's status bar: a Record toggle and a link to
// the session's recordings. Hidden for everyone else (the gateway refuses them anyway).

import { canManage, type Role } from '../../shared/roles.js';
import { el } from '../ui/dom.js';
import { fetchRecordingStatus, setRecording, type RecordingStatus } from '../api/recordings.js';
import './replay.css';

export interface RecordControl {
  readonly element: HTMLElement;
  /** Shows the controls to owners (and asks the gateway whether recording is on). */
  setRole(role: Role): void;
}

export function recordingsPath(session: string): string {
  return `/s/${encodeURIComponent(session)}/recordings`;
}

/** `used` runs after each press of Record (the terminal page gives the keyboard back to the terminal). */
export function createRecordControl(session: string, used: () => void = () => {}): RecordControl {
  const toggle = el('button', {
    className: 'record-toggle',
    text: 'Record',
    attrs: { type: 'button', 'aria-pressed': 'false', 'data-testid': 'record-toggle' },
  });
  const link = el('a', {
    className: 'record-link',
    text: 'Recordings',
    attrs: { href: recordingsPath(session), 'data-testid': 'recordings-link' },
  });
  const element = el('span', { className: 'record-control' }, [toggle, link]);
  element.hidden = true;
  let enabled = false;

  const show = (status: RecordingStatus): void => {
    enabled = status.enabled;
    toggle.textContent = enabled ? '● Recording' : 'Record';
    toggle.setAttribute('aria-pressed', String(enabled));
    toggle.dataset.recording = String(enabled);
    toggle.title = enabled
      ? status.active
        ? 'This session is being recorded. Click to stop.'
        : 'Recording is on; it starts when the session runs. Click to stop.'
      : 'Record this session (owners can replay it later).';
  };
  const failed = (error: unknown): void => {
    toggle.title = `Recording: ${error instanceof Error ? error.message : String(error)}`;
  };

  toggle.addEventListener('click', () => {
    toggle.disabled = true;
    setRecording(session, !enabled)
      .then(show, failed)
      .finally(() => (toggle.disabled = false));
    // Before the button is disabled for the request takes the focus with it to <body>.
    used();
  });

  return {
    element,
    setRole(role) {
      element.hidden = !canManage(role);
      if (!element.hidden) fetchRecordingStatus(session).then(show, failed);
    },
  };
}
