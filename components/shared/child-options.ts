import type * as pulumi from "@pulumi/pulumi";

/** Resource options of a component's children: parented to it and created after what its caller named. */
export interface ChildOptions {
    readonly parent: pulumi.Resource;
    readonly dependsOn: pulumi.Resource[];
}

/**
 * Children of `parent` wait for `dependsOn`: what the caller says must exist first (a delegated administrator
 * registration, a bucket policy the service checks), which the component cannot see in its inputs.
 */
export function childOptions(parent: pulumi.Resource, dependsOn: readonly pulumi.Resource[] = []): ChildOptions {
    return { parent, dependsOn: [...dependsOn] };
}

/** The same children's options, also waiting for `more` of the component's own resources. */
export function after(child: ChildOptions, ...more: pulumi.Resource[]): ChildOptions {
    return { ...child, dependsOn: [...child.dependsOn, ...more] };
}
