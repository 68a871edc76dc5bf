// The URL the gateway is reached at: publicUrl when configured, else its listening address.

export class PublicAddress {
  private listening = '';

  constructor(private readonly publicUrl: string | undefined) {}

  /** Called once the main listener is bound. */
  listeningAt(url: string): void {
    this.listening = url;
  }

  /** publicUrl, or the listening address ('' until listening). */
  url(): string {
    return this.publicUrl ?? this.listening;
  }
}
