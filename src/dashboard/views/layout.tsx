/**
 * Every dashboard page: a skip link, the site header with its navigation and `Sign out`
 * (a POST carrying the session's token), and one `main`. Styles and the one script come
 * from fishhook itself.
 */
import type { Child } from "hono/jsx";
import { CSRF_FIELD } from "../anti-forgery";
import { ICON, LIVE_RUN, STYLESHEET } from "../assets/dashboard-assets";

export type Section = "runs" | "dead-letters" | "health";

export interface LayoutProps {
  title: string;
  /** The signed-in session's token; absent on the sign-in page. */
  csrfToken?: string;
  section?: Section;
  /** Loads the live-run script (a run's page). */
  live?: boolean;
  children: Child;
}

const NAV: { section: Section; href: string; label: string }[] = [
  { section: "runs", href: "/dashboard", label: "Runs" },
  { section: "dead-letters", href: "/dashboard/dead-letters", label: "Dead letters" },
  { section: "health", href: "/dashboard/health", label: "Health" },
];

export const Layout = (props: LayoutProps) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${props.title} · fishhook`}</title>
      <link rel="icon" href={ICON.path} type="image/svg+xml" />
      <link rel="stylesheet" href={STYLESHEET.path} />
      {props.live ? <script src={LIVE_RUN.path} defer /> : null}
    </head>
    <body>
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="top">
        <span class="brand">fishhook</span>
        {props.csrfToken ? (
          <>
            <nav aria-label="Dashboard">
              <ul>
                {NAV.map((item) => (
                  <li>
                    <a
                      href={item.href}
                      aria-current={item.section === props.section ? "page" : undefined}
                    >
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <form method="post" action="/dashboard/sign-out">
              <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
              <button type="submit" class="secondary">
                Sign out
              </button>
            </form>
          </>
        ) : null}
      </header>
      <main id="main" tabindex={-1}>
        {props.children}
      </main>
    </body>
  </html>
);

/** The page as the HTML a browser gets. */
export function htmlPage(page: Child): string {
  return `<!DOCTYPE html>${String(page)}`;
}
