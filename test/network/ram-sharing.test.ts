import assert from "node:assert/strict";
import { ensureBuilt, runPreview } from "../support/preview";

/**
 * RAM refuses an organization (or, within it, an account) as a share principal until sharing with the
 * organization is enabled in the management account; the engine creates independent resources in
 * parallel, so every principal association must depend on SharingWithOrganization explicitly.
 */
describe("RAM principal associations wait for sharing with the organization", () => {
    before(function () {
        this.timeout(120_000);
        ensureBuilt();
    });

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every PrincipalAssociation depends on the SharingWithOrganization resource`, function () {
            this.timeout(120_000);
            const report = runPreview({ stack }).report!;
            const sharing = report.resources.filter((r) => r.type === "aws:ram/sharingWithOrganization:SharingWithOrganization");
            assert.equal(sharing.length, 1, `${stack}: one SharingWithOrganization`);
            const associations = report.resources.filter((r) => r.type === "aws:ram/principalAssociation:PrincipalAssociation");
            assert.ok(associations.length > 0, `${stack}: the stack shares something through RAM`);
            const missing = associations.filter((a) => !(a.dependencies ?? []).includes(sharing[0].urn)).map((a) => a.name);
            assert.deepEqual(missing, [], `${stack}: principal associations without a dependency on ${sharing[0].name}`);
        });
    }
});
