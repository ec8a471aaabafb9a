import { IsBase64, IsOptional, IsString, ValidateIf } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

/** The settings that point an app's Baileys sockets at another endpoint (the simulator). */
export interface SimulatorEndpointSettings {
  WA_WEBSOCKET_URL?: string;
  WA_SIM_TRUST_ROOT?: string;
  ZG_FAULT_KILL_BEFORE_PUBLISH?: string;
}

/**
 * Adds `WA_WEBSOCKET_URL` and `WA_SIM_TRUST_ROOT` to an app's env class (the apps that run Baileys
 * extend different bases, hence a mixin).
 */
export function WithSimulatorEndpoint<T extends EnvClass>(Base: T) {
  class WithSimulatorEndpointEnv extends Base implements SimulatorEndpointSettings {
    /** Another WhatsApp endpoint (the simulator); WhatsApp's own when unset. */
    @IsOptional()
    @IsString()
    WA_WEBSOCKET_URL?: string;

    /**
     * The explicit switch to trust a simulator's certificate root (base64, from its
     * GET /sandbox/trust). Only with WA_WEBSOCKET_URL: never on against real WhatsApp.
     */
    @IsOptional()
    @ValidateIf((e: SimulatorEndpointSettings) => e.WA_SIM_TRUST_ROOT !== undefined)
    @IsBase64()
    WA_SIM_TRUST_ROOT?: string;

    /**
     * Test-only fault: the process SIGKILLs itself when an incoming message whose text contains
     * this is decrypted, before its event is stored (the kill tests of the receipt window). Unset
     * in every real deployment.
     */
    @IsOptional()
    @IsString()
    ZG_FAULT_KILL_BEFORE_PUBLISH?: string;
  }
  return WithSimulatorEndpointEnv;
}
