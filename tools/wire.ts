/**
 * Pulumi's wire format for property values (as `Struct.toJavaScript()` gives them): the markers for
 * secrets, unknowns and resource references, shared by the mock runtime and the stand-in provider.
 */

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Replaces Pulumi's wire markers with readable JSON; secrets never leave as plain text. */
export function plainValue(value: unknown): unknown {
    if (value === UNKNOWN) return "[unknown]";
    if (Array.isArray(value)) return value.map(plainValue);
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) return "[secret]";
        if (obj[SIG_KEY] === RESOURCE_SIG) return obj.urn;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(obj).sort()) out[key] = plainValue(obj[key]);
        return out;
    }
    return value;
}

/** Whether a wire value holds an unknown anywhere. */
export function hasUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(hasUnknown);
    if (value && typeof value === "object") return Object.values(value).some(hasUnknown);
    return false;
}

/**
 * A property map as a provider that does not accept resource references receives it (the AWS
 * provider's Configure does not): the engine turns each reference into the resource's id (unknown
 * while the id is), or its URN for a component, and the provider's Check and outputs carry that
 * string. The analyzer is sent the same. Arrays and objects are copied only where a reference sits.
 */
export function resourceRefsAsIds(value: unknown): unknown {
    if (Array.isArray(value)) {
        const mapped = value.map(resourceRefsAsIds);
        return mapped.some((v, i) => v !== value[i]) ? mapped : value;
    }
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG_KEY] === RESOURCE_SIG) {
            if (!("id" in obj)) return obj.urn;
            return obj.id === "" || obj.id === undefined ? UNKNOWN : resourceRefsAsIds(obj.id);
        }
        let out: Record<string, unknown> | undefined;
        for (const [k, v] of Object.entries(obj)) {
            const mapped = resourceRefsAsIds(v);
            if (mapped !== v) (out ??= { ...obj })[k] = mapped;
        }
        return out ?? value;
    }
    return value;
}
