/** The benchmark's first baseline: graphql-js alone, bundled as the functions are. */
import { graphql } from 'graphql';

export const handler = graphql;
