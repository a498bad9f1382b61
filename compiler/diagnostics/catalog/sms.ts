/** @module Catalog entries for lint rules (SMS0xx and friends): what SMS and Twilio punish. */
import type { CatalogEntry } from "../types.ts";

export const smsEntries: CatalogEntry[] = [];
