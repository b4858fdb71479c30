import { config } from './config.js';
import { tango } from './tango-client.js';

export interface RewardRequest {
  rewardId: string;
  utid: string;
  amount: number;
  recipientEmail: string;
  recipientName: string;
}

export interface TangoOrder {
  referenceOrderID: string;
  externalRefID: string;
  status: string;
  amountCharged: { value: number; currencyCode: string; total: number };
}

export async function placeOrder(reward: RewardRequest): Promise<TangoOrder> {
  const { data } = await tango.post<TangoOrder>('/orders', {
    accountIdentifier: config.tango.accountIdentifier,
    customerIdentifier: config.tango.customerIdentifier,
    externalRefID: reward.rewardId,
    utid: reward.utid,
    amount: reward.amount,
    sendEmail: true,
    recipient: { email: reward.recipientEmail, firstName: reward.recipientName },
  });
  return data;
}

export async function getOrder(referenceOrderId: string): Promise<TangoOrder> {
  const { data } = await tango.get<TangoOrder>(`/orders/${encodeURIComponent(referenceOrderId)}`, { timeout: 20_000 });
  return data;
}
