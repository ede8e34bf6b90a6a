import { Layout } from "../views/layout";
import { Notice, type NoticeMessage } from "../views/notice";

/** Sign in with one of the client's API keys (contract §10). The key is never echoed back. */
export const SignInPage = (props: { message: NoticeMessage | null }) => (
  <Layout title="Sign in">
    <div class="sign-in">
      <h1>Sign in to fishhook</h1>
      <p class="muted">
        Use one of your client's API keys (the <code>fh_…</code> Bearer key). You stay signed in for
        12 hours on this browser.
      </p>
      <Notice message={props.message} />
      <form method="post" action="/dashboard/sign-in">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api_key"
          type="password"
          autocomplete="current-password"
          spellcheck={false}
          required
        />
        <button type="submit">Sign in</button>
      </form>
    </div>
  </Layout>
);
