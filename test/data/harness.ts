import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { LandingZoneConfig, namespacedConfig, parseLandingZoneConfig } from "../../stacks/config";

/** A resource registered under the mocks, with the inputs the program gave it. */
export interface CapturedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly provider?: string;
}

/** The validated config of a stack file in the repository. */
export function stackConfig(stack: "dev" | "prod"): LandingZoneConfig {
    const file = parse(readFileSync(join(__dirname, "..", "..", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return parseLandingZoneConfig(namespacedConfig(file.config), `Pulumi.${stack}.yaml`);
}

/** Installs mocks that record every resource; ids and ARNs are realistic placeholders. */
export function captureResources(): CapturedResource[] {
    const captured: CapturedResource[] = [];
    let accountCounter = 100000000000;
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                captured.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
                const state: Record<string, unknown> = { ...args.inputs };
                const id = args.type === "aws:organizations/account:Account" ? String(accountCounter++) : `${args.name}-id`;
                if (args.type === "aws:organizations/organization:Organization") {
                    state.roots = [{ id: "r-ab12", arn: "arn:aws:organizations::123456789012:root/o-example/r-ab12", name: "Root", policyTypes: [] }];
                    state.id = "o-example12345";
                }
                if (args.type.startsWith("aws:kms/")) {
                    state.keyId = `${args.name}-key-id`;
                    state.arn = `arn:aws:kms:eu-west-1:111111111111:key/${args.name}`;
                }
                if (!("arn" in state)) state.arn = `arn:aws:mock:::${args.name}`;
                return { id: args.type === "aws:organizations/organization:Organization" ? "o-example12345" : id, state };
            },
            call(args) {
                return args.inputs;
            },
        },
        "landing-zone",
        "dev",
        false,
    );
    return captured;
}

/** Resolves an output's value under the mocks. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Lets pending registrations reach the mocks. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
