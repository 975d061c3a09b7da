export { createCostModel, type CostModel, type ListSize } from './cost-model.js';
export { CostModels } from './cost-models.js';
export { estimateCost, operationCost, type EstimateOptions } from './estimate-cost.js';
export { actualCost, type ActualCostOptions } from './actual-cost.js';
export { MUTATION_FIELD_WEIGHT } from './cost-rules.js';
