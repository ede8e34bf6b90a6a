// Vite's `?raw` imports (a file's text), used to test the docs the CLI's recipes live in.
declare module "*?raw" {
  const text: string;
  export default text;
}
