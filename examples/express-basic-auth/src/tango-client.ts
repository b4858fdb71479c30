import https from 'node:https';
import axios from 'axios';
import { config } from './config.js';

const { platformName, apiKey, baseUrl } = config.tango;
const credentials = Buffer.from(`${platformName}:${apiKey}`).toString('base64');

export const tango = axios.create({
  baseURL: baseUrl,
  headers: {
    Authorization: `Basic ${credentials}`,
    Accept: 'application/json',
  },
  httpsAgent: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
});
