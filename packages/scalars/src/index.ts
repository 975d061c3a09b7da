export { MoneyScalar, LocalDateScalar, DateTimeISOScalar, customScalars, toMoney } from './scalars.js';
