// The policy pack: `pulumi preview --policy-pack policy` (see README). The rules live in policies.ts.
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

new PolicyPack("clusterkit", { policies: POLICIES, description: "The seed's production rules for clusterkit clusters." });
