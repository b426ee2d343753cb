import type { ComponentChildren } from "preact";
import { hrefFor, navigate } from "../route.js";

/** A link to a page of the dashboard, followed without reloading; a modified click still opens it apart. */
export function PageLink(props: { path: string; current?: boolean; children: ComponentChildren }) {
  const href = hrefFor(props.path);
  return (
    <a
      href={href}
      aria-current={props.current ? "page" : undefined}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {props.children}
    </a>
  );
}
