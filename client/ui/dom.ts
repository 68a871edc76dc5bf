// Builds DOM nodes from plain data; the one way client code creates elements (text only, never HTML).

type Child = Node | string;

interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

/** Creates `<tag>` with a class, text content, attributes and children. Strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
