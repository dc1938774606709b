import { EngineWorkspace } from "../../tools/engine";
import { ensureBuilt } from "./preview";

/** A real-engine workspace (tools/engine.ts) over a built dist/, which the stand-in AWS provider runs from. */
export function engineWorkspace(programDir: string, stack: string): EngineWorkspace {
    ensureBuilt();
    return new EngineWorkspace(programDir, stack);
}
