/**
 * Who reads a run's event log to deliver it, and how each kind of target is sent to: the
 * caller's signed webhook and a Slack channel, side by side. (The live stream reads the log
 * too, by event id, without a cursor: see src/live/.)
 */

import type { Senders } from "../delivery/sender";
import { webhookReader } from "../delivery/webhook-reader";
import { sendWebhook } from "../delivery/webhook-sender";
import type { LogReader } from "../events/log-reader";
import { slackResultReader } from "../slack/result-reader";
import { sendToSlack } from "../slack/send-result";

export const LOG_READERS: readonly LogReader[] = [webhookReader, slackResultReader];

export const SENDERS: Senders = { standard: sendWebhook, slack: sendToSlack };
