import * as pulumi from "@pulumi/pulumi";

/** Every resource name carries the stack, so two stacks of the service can share an account. */
export const named = (role: string): string => `ingest-${pulumi.getStack()}-${role}`;
