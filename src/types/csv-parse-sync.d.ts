// csv-parse declares `csv-parse/sync` through package.json "exports", which TypeScript's node10
// resolution (this project's, for CommonJS output) does not read; Node resolves it at run time.
declare module 'csv-parse/sync' {
  export * from 'csv-parse/dist/esm/sync';
}
