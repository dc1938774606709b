/** Indexes of the entries that repeat an earlier one. */
export function duplicates(values: readonly string[]): number[] {
    const seen = new Set<string>();
    const out: number[] = [];
    values.forEach((v, i) => (seen.has(v) ? out.push(i) : seen.add(v)));
    return out;
}

/**
 * Throws `<context>: <field> lists <value> twice (expected each <what> once)` for the first value that
 * repeats: such values become resource names or keys, where a repeat would collide.
 */
export function assertUnique(context: string, field: string, values: readonly string[], what: string): void {
    const [repeat] = duplicates(values);
    if (repeat !== undefined) throw new Error(`${context}: ${field} lists ${values[repeat]} twice (expected each ${what} once)`);
}
