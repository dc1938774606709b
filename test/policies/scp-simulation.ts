import assert from "node:assert/strict";
import type { PolicyDocument } from "../../components/policies/document";
import { expectDecisions, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";

/** Runs a table against one SCP (plus FullAWSAccess) and requires every statement to be covered both ways. */
export async function prove(doc: PolicyDocument, table: readonly SimulationRequest[]) {
    await expectValidDocuments({ doc });
    const outcomes = await expectDecisions({ scps: { doc } }, table, { defaultContext: { "aws:RequestedRegion": "eu-west-1" } });
    assert.deepEqual(uncoveredStatements([doc], outcomes), []);
}
