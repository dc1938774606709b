import { bypassClientMocks, Emulator, useEmulatorEnv } from "../../tools/emulator/emulator";

let running: Promise<Emulator> | undefined;

/** One moto server for the whole run: it takes seconds to start, and every test resets it anyway. */
function emulator(): Promise<Emulator> {
    return (running ??= Emulator.start());
}

// A root hook (this module is loaded before any describe runs): stop the server once every file is done.
after(async () => {
    const started = await running?.catch(() => undefined);
    await started?.stop();
});

/**
 * Runs the enclosing describe's tests against the local AWS emulator (moto): the given clients reach it even
 * where another file's aws-sdk-client-mock stubs them, and before each test moto forgets every resource and
 * the AWS environment points at it, with `env` on top (restored after the test).
 */
export function useEmulator(clients: Parameters<typeof bypassClientMocks>[0], env: Record<string, string | undefined> = {}): void {
    let restoreMocks: (() => void) | undefined;
    let restoreEnv: (() => void) | undefined;
    before(async () => {
        restoreMocks = bypassClientMocks(clients);
        await emulator();
    });
    after(() => restoreMocks?.());
    beforeEach(async () => {
        const server = await emulator();
        await server.reset();
        restoreEnv = useEmulatorEnv(server.endpoint, env);
    });
    afterEach(() => {
        restoreEnv?.();
        restoreEnv = undefined;
    });
}
