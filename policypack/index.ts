import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packArgs } from "./pack";

// Constructing the pack starts its gRPC server: only the engine (or the protocol test) loads this file.
new PolicyPack(PACK_NAME, packArgs);
