#!/usr/bin/env -S node --conditions=react-server --import tsx
// `npx gatehouse <area> <command>`: the console's operations for pipelines, on the same lib/ code as the UI.
import { EnvError, parseCliEnv } from "@/lib/env";

const USAGE = `Usage: gatehouse <command>

  config export|plan|apply   Config as code: LiteLLM config.yaml, operator resources, Gatehouse bundle
                             (gatehouse config --help for the options)
`;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function main(argv: string[]): Promise<number> {
  const [area, ...rest] = argv;
  const io = { stdout: (t: string) => void process.stdout.write(t), stderr: (t: string) => void process.stderr.write(t), readStdin };
  switch (area) {
    case "config": {
      if (rest.length === 0 || rest[0] === "--help" || rest[0] === "-h") {
        const { CONFIG_USAGE } = await import("@/lib/config/cli");
        io.stdout(`${CONFIG_USAGE}\n`);
        return rest.length === 0 ? 1 : 0;
      }
      let env;
      try {
        env = parseCliEnv();
      } catch (error) {
        if (error instanceof EnvError) {
          io.stderr(`gatehouse: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      const { runConfigCli } = await import("@/lib/config/cli");
      return runConfigCli(rest, env, io);
    }
    case undefined:
    case "--help":
    case "-h":
    case "help":
      io.stdout(USAGE);
      return area ? 0 : 1;
    default:
      io.stderr(`gatehouse: unknown command "${area}"\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
