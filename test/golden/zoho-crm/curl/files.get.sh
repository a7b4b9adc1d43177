#!/bin/sh
# Get Files (files.get)
# Download a file from the Zoho File System (ZFS) by its encrypted ID.
# Needs an access token in ZOHO_ACCESS_TOKEN; scopes: ZohoCRM.Files.READ
# The reply is the file itself: add -OJ to save it under the name the server gives.
curl "https://www.zohoapis.com/crm/v2/files?id=2cceafa194dxxxxxxxx4a20ed2" \
  -X GET \
  -H "Authorization: Zoho-oauthtoken ${ZOHO_ACCESS_TOKEN}"
