// Types only: the bundled pack must not load @pulumi/aws at run time (esbuild drops type imports).
import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";

/** Resource properties as the analyzer hands them to a policy (proxied; reading an unknown throws). */
export type Props = Record<string, any>;

/** The @pulumi/aws input types of the resource types whose policies read typed props. */
export interface ArgsByType {
    "aws:kms/key:Key": aws.kms.KeyArgs;
    "aws:kms/replicaKey:ReplicaKey": aws.kms.ReplicaKeyArgs;
}

/**
 * Props of a resource of type T as the engine delivers them: plain values (no Input/Output), so a
 * misspelled or renamed property is a compile error. Several types give the union; an untyped token, Props.
 */
export type PropsOf<T extends string> = string extends T ? Props : T extends keyof ArgsByType ? Unwrap<ArgsByType[T]> : Props;
