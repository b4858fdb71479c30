function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export const config = {
  port: Number(process.env.PORT ?? 3000),
  tango: {
    baseUrl: process.env.TANGO_BASE_URL || 'https://integration-api.tangocard.com/raas/v2',
    platformName: required('TANGO_PLATFORM_NAME'),
    apiKey: required('TANGO_API_KEY'),
    accountIdentifier: required('TANGO_ACCOUNT_IDENTIFIER'),
    customerIdentifier: required('TANGO_CUSTOMER_IDENTIFIER'),
  },
};
