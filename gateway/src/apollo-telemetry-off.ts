/**
 * @apollo/gateway sends anonymous usage metrics to Apollo and probes cloud metadata endpoints
 * (AWS, GCP, Azure, Alibaba) unless this variable is set when a gateway is constructed.
 * Salesgraph never phones home: import this module before creating an ApolloGateway.
 */
process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';

export const apolloTelemetryDisabled = true;
