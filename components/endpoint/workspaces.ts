import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../policies/security";
import { toJson } from "../policies/document";

export interface WorkspacesDirectoryArgs {
    readonly accountId: pulumi.Input<string>;
    /** Directory Service directory to register. */
    readonly directoryId: string;
    /** Two subnets in different AZs for the WorkSpaces. */
    readonly subnetIds: readonly string[];
    /** Networks users may connect from. */
    readonly allowedCidrs: readonly string[];
}

/**
 * WorkSpaces for users who need a managed desktop: the directory registered with connections allowed
 * only from trusted networks (IP access control group), desktop clients only, no local admin, no
 * self-service changes, no direct internet access.
 */
export class WorkspacesDirectory extends pulumi.ComponentResource {
    readonly directory: aws.workspaces.Directory;

    constructor(name: string, args: WorkspacesDirectoryArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:endpoint:WorkspacesDirectory", name, {}, opts);
        if (args.subnetIds.length !== 2) throw new Error(`WorkspacesDirectory ${name}: subnetIds must name exactly two subnets in different AZs`);
        if (args.allowedCidrs.length === 0)
            throw new Error(`WorkspacesDirectory ${name}: allowedCidrs is empty, which would block every user; set identity.trustedNetworks.cidrs`);
        const child = { parent: this };
        // WorkSpaces requires this exact role name in the account.
        const role = new aws.iam.Role(
            `${name}-default-role`,
            {
                name: "workspaces_DefaultRole",
                assumeRolePolicy: pulumi.output(args.accountId).apply((id) => toJson(serviceTrustPolicy("workspaces.amazonaws.com", id))),
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonWorkSpacesServiceAccess", "arn:aws:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess"],
            },
            child,
        );
        const ipGroup = new aws.workspaces.IpGroup(
            `${name}-trusted-networks`,
            {
                name: "landing-zone-trusted-networks",
                description: "Networks WorkSpaces users may connect from",
                rules: args.allowedCidrs.map((source) => ({ source, description: "trusted network" })),
            },
            child,
        );
        this.directory = new aws.workspaces.Directory(
            `${name}-directory`,
            {
                directoryId: args.directoryId,
                subnetIds: [...args.subnetIds],
                ipGroupIds: [ipGroup.id],
                selfServicePermissions: {
                    changeComputeType: false,
                    increaseVolumeSize: false,
                    rebuildWorkspace: false,
                    restartWorkspace: true,
                    switchRunningMode: false,
                },
                workspaceAccessProperties: {
                    deviceTypeWindows: "ALLOW",
                    deviceTypeOsx: "ALLOW",
                    deviceTypeLinux: "ALLOW",
                    deviceTypeWeb: "DENY",
                    deviceTypeAndroid: "DENY",
                    deviceTypeIos: "DENY",
                    deviceTypeChromeos: "DENY",
                    deviceTypeZeroclient: "DENY",
                },
                workspaceCreationProperties: { enableInternetAccess: false, enableMaintenanceMode: true, userEnabledAsLocalAdministrator: false },
            },
            { ...child, dependsOn: [role] },
        );
        this.registerOutputs({ directoryId: this.directory.id });
    }
}
