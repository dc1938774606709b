import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import { existsSync, readFileSync } from "fs";
import { createServer } from "net";
import { homedir } from "os";
import { join } from "path";

/**
 * A local AWS API emulator (moto in server mode) for the tests and the offline threat drill, which run the Lambda handlers unchanged:
 * the handlers' SDK clients reach it through AWS_ENDPOINT_URL, so no handler code knows it is there.
 * moto is installed by `npm run emulator:install` (tools/emulator/install.sh) into a venv in the user's
 * cache; a test that needs it fails, rather than skips, when it is missing.
 */

/** install.sh sits next to this file in the source tree; the drill runs a compiled copy from dist/tools/emulator/. */
const INSTALL_SCRIPT =
    [join(__dirname, "install.sh"), join(__dirname, "..", "..", "..", "tools", "emulator", "install.sh")].find((f) => existsSync(f)) ??
    join(__dirname, "install.sh");

/** The moto version tools/emulator/install.sh pins; read from there so the two cannot drift. */
export function motoVersion(): string {
    const match = /^MOTO_VERSION=([0-9][\w.]*)$/m.exec(readFileSync(INSTALL_SCRIPT, "utf8"));
    if (!match) throw new Error(`no MOTO_VERSION=<version> line in ${INSTALL_SCRIPT}`);
    return match[1];
}

/** The venv install.sh creates, and the file it writes last when the install finished. */
export function motoVenv(): { dir: string; python: string; marker: string } {
    const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
    const dir = join(cache, "landing-zone", "emulator", `moto-${motoVersion()}`);
    return { dir, python: join(dir, "bin", "python"), marker: join(dir, ".installed") };
}

/**
 * Runs moto's server in the venv's Python, bound to loopback only. A thread reads stdin until EOF and
 * then exits the process: the pipe closes when the test process ends for any reason (even SIGKILL), so
 * the server never outlives the process that started it.
 */
const LAUNCHER = `
import os, sys, threading
def watchdog():
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)
threading.Thread(target=watchdog, daemon=True).start()
# The AWS SDK for JavaScript v3 sends the short X-Amz-Target of a JSON service ("CloudTrail_20131101.GetTrail"),
# which AWS accepts; moto routes only botocore's namespaced targetPrefix ("com.amazonaws.cloudtrail.v20131101.
# CloudTrail_20131101.GetTrail") and answers 404 otherwise. Accept both. (moto's router is internal, but moto
# is pinned; if it changes shape this raises AttributeError, it does not pass silently.)
from moto.core import routing
_init = routing.JSONRouter.__init__
def _init_with_short_targets(self, service_model):
    _init(self, service_model)
    for target, operation in list(self._operations_by_target.items()):
        prefix, _, name = target.rpartition(".")
        self._operations_by_target.setdefault(prefix.rpartition(".")[2] + "." + name, operation)
routing.JSONRouter.__init__ = _init_with_short_targets
from moto.server import main
main(["--host", "127.0.0.1", "--port", sys.argv[1]])
`;

const START_TIMEOUT_MS = 60_000;

/** A running moto server. */
export class Emulator {
    private stderr: string[] = [];
    private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    private readonly onExit = () => this.child.kill("SIGKILL");

    private constructor(
        private readonly child: ChildProcessWithoutNullStreams,
        /** Base URL of the emulator, e.g. http://127.0.0.1:40123. */
        readonly endpoint: string,
    ) {
        child.stdout.on("data", (d: Buffer) => this.keep(d));
        child.stderr.on("data", (d: Buffer) => this.keep(d));
        child.on("exit", (code, signal) => {
            this.exited = { code, signal };
            process.off("exit", this.onExit);
        });
        // Belt and braces next to the stdin watchdog: a normal exit of the test process kills the server.
        process.on("exit", this.onExit);
    }

    /** Starts moto on a free loopback port and waits until it answers; fails with the fix if moto is not installed. */
    static async start(): Promise<Emulator> {
        const venv = motoVenv();
        if (!existsSync(venv.marker) || !existsSync(venv.python)) {
            throw new Error(`moto ${motoVersion()} (the local AWS API emulator) is not installed in ${venv.dir}: run \`npm run emulator:install\``);
        }
        let lastError: unknown;
        // A free port can be taken between our probe and moto's bind; try a few before giving up.
        for (let attempt = 0; attempt < 3; attempt++) {
            const port = await freeLoopbackPort();
            const child = spawn(venv.python, ["-c", LAUNCHER, String(port)], {
                stdio: ["pipe", "pipe", "pipe"],
                env: { ...process.env, PYTHONUNBUFFERED: "1" },
            });
            const emulator = new Emulator(child, `http://127.0.0.1:${port}`);
            try {
                await emulator.waitUntilReady();
                return emulator;
            } catch (e) {
                lastError = e;
                await emulator.stop();
            }
        }
        throw lastError;
    }

    /** Forgets every resource in every account and region. */
    async reset(): Promise<void> {
        const res = await fetch(`${this.endpoint}/moto-api/reset`, { method: "POST", signal: AbortSignal.timeout(10_000) });
        if (!res.ok) throw new Error(`moto reset answered HTTP ${res.status}: ${await res.text()}`);
    }

    /** Stops the server and waits for it to exit (SIGKILL after 5 s). */
    async stop(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const gone = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.stdin.end();
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
        await gone;
        clearTimeout(timer);
    }

    private keep(d: Buffer): void {
        this.stderr.push(
            ...d
                .toString("utf8")
                .split("\n")
                .filter((l) => l.trim() !== ""),
        );
        if (this.stderr.length > 40) this.stderr.splice(0, this.stderr.length - 40);
    }

    private async waitUntilReady(): Promise<void> {
        const deadline = Date.now() + START_TIMEOUT_MS;
        while (Date.now() < deadline) {
            if (this.exited) break;
            try {
                await this.reset();
                return;
            } catch {
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
        }
        const why = this.exited ? `exited (code ${this.exited.code}, signal ${this.exited.signal})` : `did not answer within ${START_TIMEOUT_MS / 1000} s`;
        throw new Error(`moto server at ${this.endpoint} ${why}; its last output:\n${this.stderr.join("\n")}`);
    }
}

function freeLoopbackPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port assigned"))));
        });
    });
}

/**
 * Points every AWS SDK v3 client created without an endpoint at the emulator, with dummy credentials,
 * until the returned function restores the environment exactly as it was. The SDK reads
 * AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE ID>) the first time a client without an `endpoint`
 * option resolves its endpoint (@smithy/core getEndpointFromConfig), so the clients the handlers create
 * pick it up with no change to them.
 *
 * S3 needs no path-style switch (SDK v3 ignores AWS_S3_FORCE_PATH_STYLE; only the forcePathStyle client
 * option exists): the S3 endpoint rules address buckets by path when the endpoint's host is an IP
 * address (parseURL(Endpoint).isIp). That is why the endpoint is 127.0.0.1, never `localhost`, which
 * would give bucket.localhost. S3 Control has no such rule: it puts the account id in front of the host
 * (123456789012.127.0.0.1, an invalid URL), so account-level calls cannot reach the emulator this way.
 */
export function useEmulatorEnv(endpoint: string, extra: Record<string, string | undefined> = {}): () => void {
    const values: Record<string, string | undefined> = {
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: "testing",
        AWS_SECRET_ACCESS_KEY: "testing",
        AWS_SESSION_TOKEN: undefined,
        AWS_REGION: "eu-west-1",
        AWS_DEFAULT_REGION: "eu-west-1",
        // Nothing from the developer's own AWS setup may redirect or sign the calls.
        AWS_PROFILE: undefined,
        AWS_CONFIG_FILE: join(__dirname, "no-such-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE: join(__dirname, "no-such-aws-credentials"),
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
        AWS_EC2_METADATA_DISABLED: "true",
        ...extra,
    };
    // Per-service overrides (AWS_ENDPOINT_URL_S3, ...) win over AWS_ENDPOINT_URL, so none may leak in.
    for (const key of Object.keys(process.env)) if (key.startsWith("AWS_ENDPOINT_URL_") && !(key in values)) values[key] = undefined;
    const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
    const apply = (v: Record<string, string | undefined>) => {
        for (const [k, value] of Object.entries(v)) {
            if (value === undefined) delete process.env[k];
            else process.env[k] = value;
        }
    };
    apply(values);
    return () => apply(saved);
}

/** An AWS SDK v3 client class, whose prototype `send` aws-sdk-client-mock may have stubbed. */
type ClientClass = { prototype: object; name: string };

/**
 * Lets the given clients reach the network even where another test file's module-level
 * `mockClient(XxxClient)` has stubbed `send` on the class prototype (mocha loads every file before
 * running any), and puts those stubs back afterwards so that file's tests still see their mocks.
 */
export function bypassClientMocks(classes: readonly ClientClass[]): () => void {
    const saved: [object, PropertyDescriptor][] = [];
    for (const c of classes) {
        const own = Object.getOwnPropertyDescriptor(c.prototype, "send");
        if (!own) continue;
        saved.push([c.prototype, own]);
        delete (c.prototype as { send?: unknown }).send;
        if (Object.getOwnPropertyDescriptor(c.prototype, "send")) throw new Error(`cannot remove the mock on ${c.name}.prototype.send`);
    }
    return () => {
        for (const [proto, descriptor] of saved) Object.defineProperty(proto, "send", descriptor);
    };
}
