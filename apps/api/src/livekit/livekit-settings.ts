/** The LiveKit project calls run in; present only when voice is configured. */
export interface LiveKitSettings {
  /** wss://… as browsers and the worker connect to it. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** The worker's agent name: tokens dispatch exactly this agent. */
  agentName: string;
}
