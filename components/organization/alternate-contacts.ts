import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALTERNATE_CONTACT_TYPES, AlternateContactsConfig } from "../shared/config-types";

export interface AlternateContactsArgs {
    /** The security, operations and billing contacts every account gets. */
    readonly contacts: AlternateContactsConfig;
    /** Accounts by logical name; no id: the management account itself, whose credentials the provider holds. */
    readonly accounts: readonly { readonly name: string; readonly id?: pulumi.Input<string> }[];
    /** The organization: a member account's contacts need its trusted access for account.amazonaws.com. */
    readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * The alternate contacts of every account of the organization, set through AWS Account Management
 * from the management account (the provider passed in opts). The management account sets its own
 * without an account id: AWS refuses the management account's own id in AccountId.
 */
export class AlternateContacts extends pulumi.ComponentResource {
    constructor(name: string, args: AlternateContactsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("landing-zone:organization:AlternateContacts", name, {}, opts);
        for (const account of args.accounts) {
            for (const type of ALTERNATE_CONTACT_TYPES) {
                const contact = args.contacts[type];
                new aws.account.AlternativeContact(
                    `${name}-${account.name}-${type}`,
                    {
                        accountId: account.id,
                        alternateContactType: type.toUpperCase(),
                        name: contact.name,
                        title: contact.title,
                        emailAddress: contact.email,
                        phoneNumber: contact.phone,
                    },
                    { parent: this, dependsOn: [...args.dependsOn] },
                );
            }
        }
        this.registerOutputs({});
    }
}
