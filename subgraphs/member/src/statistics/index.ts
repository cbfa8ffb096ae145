export { statisticsQueries, statisticsRequest } from './resolvers';
export { statisticsCells, MAX_DIMENSIONS, type StatisticsCell, type Counts } from './cells';
export { suppress, MAX_SUPPRESSED, cellKey, type Lattice, type CountedCell } from './suppression';
export { AGE_BANDS, DIMENSIONS, MEASURES, type Dimension, type Fact, type Measure } from './dimensions';
export { readFacts } from './repository';
export { roundCount, ROUNDING_BASE, LEAST_PUBLISHED } from './rounding';
export { OTHER, YEAR_WINDOW, yearWindow } from './layout';
