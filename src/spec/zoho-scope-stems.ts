/**
 * Zoho OAuth scopes known to exist, as stems: a scope without its operation type
 * (`ZohoCRM.settings.fields` for `ZohoCRM.settings.fields.READ`). `{module}` stands for any
 * module API name. `scope-names.ts` compares them without regard to case, as Zoho writes
 * both `ZohoCRM.Files` and `ZohoCRM.files`.
 *
 * Generated; do not edit by hand. Source: Zoho's OpenAPI documents for CRM v8 (crm-oas,
 * v8.0; the 62 files in shared/zoho-oas/v8.0): every scope an operation's `security` names
 * and the scope table of common.json's OAuth scheme, less two malformed entries of that
 * table. Regenerate with `INVOKEKIT_UPDATE_SCOPES=1 npx vitest run test/spec/zoho-scopes`.
 */
export const DOCUMENTED_SCOPE_STEMS: readonly string[] = [
  "ZohoCRM.bulk",
  "ZohoCRM.bulk.backup",
  "ZohoCRM.files",
  "ZohoCRM.mass_convert.{module}",
  "ZohoCRM.modules",
  "ZohoCRM.modules.emails.{module}",
  "ZohoCRM.modules.{module}",
  "ZohoCRM.notifications",
  "ZohoCRM.org",
  "ZohoCRM.send_mail.all",
  "ZohoCRM.settings",
  "ZohoCRM.settings.assignment_rules",
  "ZohoCRM.settings.audit_logs",
  "ZohoCRM.settings.business_hours",
  "ZohoCRM.settings.clientportal",
  "ZohoCRM.settings.currencies",
  "ZohoCRM.settings.custom_views",
  "ZohoCRM.settings.emails",
  "ZohoCRM.settings.fields",
  "ZohoCRM.settings.fiscal_year",
  "ZohoCRM.settings.global_picklist",
  "ZohoCRM.settings.intelligence",
  "ZohoCRM.settings.layouts",
  "ZohoCRM.settings.map_dependency",
  "ZohoCRM.settings.modules",
  "ZohoCRM.settings.pipeline",
  "ZohoCRM.settings.profiles",
  "ZohoCRM.settings.record_locking_configurations",
  "ZohoCRM.settings.recycle_bin",
  "ZohoCRM.settings.related_lists",
  "ZohoCRM.settings.roles",
  "ZohoCRM.settings.tags",
  "ZohoCRM.settings.territories",
  "ZohoCRM.settings.unsubscribe",
  "ZohoCRM.settings.user_groups",
  "ZohoCRM.settings.users_unavailability",
  "ZohoCRM.settings.variable_groups",
  "ZohoCRM.settings.variables",
  "ZohoCRM.settings.wizards",
  "ZohoCRM.share.{module}",
  "ZohoCRM.templates.email",
  "ZohoCRM.templates.inventory",
  "ZohoCRM.users",
  "ZohoCRM.zia.enrichment",
  "ZohoFiles.files",
];
