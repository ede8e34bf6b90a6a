import { Layout } from "../views/layout";

/** A page that could not be shown, as a browser navigating to it sees it. */
export const ErrorPage = (props: {
  status: number;
  code: string;
  message: string;
  signedIn: boolean;
}) => (
  <Layout title={props.status === 404 ? "Not found" : "Something went wrong"}>
    <h1>{props.status === 404 ? "Not found" : "This page could not be shown"}</h1>
    <p>{props.message}</p>
    <p class="muted">
      Error <code>{props.code}</code> (HTTP {props.status}).
    </p>
    <p>
      <a href={props.signedIn ? "/dashboard" : "/dashboard/sign-in"}>
        {props.signedIn ? "Back to your runs" : "Sign in"}
      </a>
    </p>
  </Layout>
);
