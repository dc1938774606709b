/**
 * Ends the current unit of construction: resolves on the event loop's next macrotask turn.
 *
 * Building a resource only starts its registration; the SDK finishes it (serializing inputs, the
 * monitor call, resolving outputs) in promise callbacks and I/O that run once the constructor has
 * returned. Yielding a full macrotask between units of work that scale with the organization lets
 * everything built so far register and settle (and, under the engine, flow out over gRPC) before the
 * next unit is built, so pending SDK state stays bounded by one unit instead of the whole program.
 * A microtask (`await Promise.resolve()`) would not do: timers, I/O and setImmediate callbacks wait.
 */
export function nextTurn(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}
