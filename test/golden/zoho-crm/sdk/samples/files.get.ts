// Get Files (files.get) with the generated client. Credentials come from the
// environment: ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN (and ZOHO_DC).
import { createZohoCrmClient } from "../index.ts";

const client = createZohoCrmClient();
try {
  const reply = await client.files.get({ id: "2cceafa194dxxxxxxxx4a20ed2" });
  console.log(reply);
} finally {
  await client.close();
}
