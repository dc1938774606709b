import { strict as assert } from "assert";
import { assertUnique, duplicates } from "../../components/shared/lists";

describe("shared lists", () => {
    it("finds the entries that repeat an earlier one, by index", () => {
        assert.deepEqual(duplicates(["a", "b", "a", "c", "b", "a"]), [2, 4, 5]);
        assert.deepEqual(duplicates([]), []);
    });

    it("names the component, the field and the first repeated value", () => {
        assert.doesNotThrow(() => assertUnique("Macie m", "members", ["log", "audit"], "account"));
        assert.throws(
            () => assertUnique("Macie m", "members", ["log", "audit", "audit", "log"], "account"),
            (e: Error) => e.message === "Macie m: members lists audit twice (expected each account once)",
        );
        assert.throws(() => assertUnique("X x", "services", ["", ""], "service"), /services lists {2}twice/);
    });
});
