// A form whose submit makes one API call, with its button disabled and its message cleared meanwhile.

/**
 * On submit: disables `button`, clears `message` and runs `action`. A failure puts its text in
 * `message` and enables `button` again; after a success the page moves on, so it stays disabled.
 */
export function submitWith(
  form: HTMLFormElement,
  controls: { button: HTMLButtonElement; message: HTMLElement },
  action: () => Promise<unknown>,
  describe: (failure: unknown) => string,
): void {
  const { button, message } = controls;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = '';
    action().catch((failure: unknown) => {
      message.textContent = describe(failure);
      button.disabled = false;
    });
  });
}
