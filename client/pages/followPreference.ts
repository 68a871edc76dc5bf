// Whether a viewer follows the session's window or keeps an own size, remembered per browser.

const FOLLOW_PREFERENCE_KEY = 'tmuxgate.followWindow';

export function loadFollowPreference(): boolean {
  try {
    return window.localStorage.getItem(FOLLOW_PREFERENCE_KEY) !== 'false';
  } catch {
    return true;
  }
}

export function saveFollowPreference(follow: boolean): void {
  try {
    window.localStorage.setItem(FOLLOW_PREFERENCE_KEY, String(follow));
  } catch {
    // Storage may be off (private mode): the choice lasts for this page only.
  }
}
