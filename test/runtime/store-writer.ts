/** Child process for the token store test: saves to the store in a loop until killed. */
import { FileTokenStore } from "../../src/runtime/token-store.ts";

const store = new FileTokenStore(process.argv[2]);
const padding = "x".repeat(20_000);
let n = 0;
process.stdout.write("ready\n");
for (;;) {
  n++;
  await store.save(`profile-${n % 3}`, {
    clientId: `client-${n}`,
    clientSecret: padding,
    refreshToken: `refresh-${n}`,
  });
}
