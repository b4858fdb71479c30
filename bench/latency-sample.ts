import axios, { type AxiosInstance } from 'axios';
import { randomUUID } from 'node:crypto';

export interface RewardRequest {
  userId: string;
  amount: number;
  utid: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface OrderResult {
  referenceOrderID: string;
  status: string;
  amountCharged: number;
}

const BASE_URL = process.env.TANGO_BASE_URL || 'https://integration-api.tangocard.com/raas/v2';
const PLATFORM = process.env.TANGO_PLATFORM_NAME ?? '';
const KEY = process.env.TANGO_PLATFORM_KEY ?? '';

function basicAuth(): string {
  return `Basic ${Buffer.from(`${PLATFORM}:${KEY}`).toString('base64')}`;
}

export const http: AxiosInstance = axios.create({
  baseURL: BASE_URL,
  timeout: 20_000,
  headers: { Authorization: basicAuth(), 'Content-Type': 'application/json' },
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function step1(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-1`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step2(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-2`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step3(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-3`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step4(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-4`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step5(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-5`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step6(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-6`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step7(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-7`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step8(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-8`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step9(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-9`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step10(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-10`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step11(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-11`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export async function step12(request: RewardRequest): Promise<OrderResult | undefined> {
  const externalRefID = `reward-${request.userId}-12`;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await http.post<OrderResult>('/orders', {
        accountIdentifier: process.env.TANGO_ACCOUNT ?? 'main',
        customerIdentifier: process.env.TANGO_CUSTOMER ?? 'main',
        utid: request.utid,
        amount: request.amount,
        externalRefID,
        recipient: { email: request.email, firstName: request.firstName, lastName: request.lastName },
        sendEmail: true,
      });
      return response.data;
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(500 * 2 ** attempt + Math.random() * 100);
    }
  }
  return undefined;
}

export const requestId = (): string => randomUUID();
