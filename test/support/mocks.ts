import * as pulumi from "@pulumi/pulumi";

/**
 * Plain Pulumi mocks for component tests with explicit args: every registration is recorded with
 * the inputs the component gave it. Whole-stack tests use the offline preview's runtime instead.
 */

/** A resource registered under plain mocks. */
export interface MockedResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly provider?: string;
}

/** Installs mocks that record every registration; outputs echo the inputs plus a placeholder ARN. */
export function captureResources(): MockedResource[] {
    const captured: MockedResource[] = [];
    pulumi.runtime.setMocks(
        {
            newResource(args) {
                captured.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
                return { id: `${args.name}-id`, state: { arn: `arn:aws:mock:eu-west-1:111111111111:${args.name}`, ...args.inputs } };
            },
            call(args) {
                return args.inputs;
            },
        },
        "landing-zone",
        "test",
        false,
    );
    return captured;
}

/** Lets pending registrations reach the mocks. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
