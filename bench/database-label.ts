/** What a bench result ran on, written into its JSON so results from different databases are not compared by mistake. */
export function databaseLabel(env: NodeJS.ProcessEnv = process.env): string {
  return env.MONGODB_URI ? "MongoDB (MONGODB_URI)" : "embedded mongo-java-server 1.47 (H2 file)";
}
