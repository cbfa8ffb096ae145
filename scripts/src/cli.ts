/** How a command-line script ends: its main's exit code, or its failure in one line (exit 1), never a stack trace. */
export function exitWith(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${name}: ${(err as Error)?.message ?? String(err)}`);
      process.exit(1);
    },
  );
}
