import { InvokekitError } from "../errors.ts";

/**
 * Misuse of the sandbox or a failure to start it. Codes: `IK_SANDBOX_LISTEN` (the port could
 * not be bound, e.g. already in use), `IK_SANDBOX_FAULT` (an injected fault is out of bounds).
 */
export class SandboxError extends InvokekitError {}
