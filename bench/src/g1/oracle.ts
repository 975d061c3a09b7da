import { buildSchema, execute, parse } from 'graphql';
import { authorOfEveryReview, inStock, products, reviews, reviewsOfAnyUser, users, type Review } from './data.js';
import { g1Query } from './query.js';

/**
 * The expected answer, computed without federation: one plain schema over the same data,
 * resolved the way the four subgraphs together answer. Every gateway's response must equal it.
 */
const schema = buildSchema(`
type Query { users: [User] topProducts(first: Int = 5): [Product] }
type User { id: ID! name: String username: String birthday: Int reviews: [Review] }
type Product { upc: String! name: String price: Int weight: Int inStock: Boolean shippingEstimate: Int reviews: [Review] }
type Review { id: ID! body: String product: Product author: User }
`);

const productOf = (upc: string) => {
  const found = products.find((item) => item.upc === upc);
  return (
    found && {
      ...found,
      inStock: inStock.get(upc),
      shippingEstimate: null,
      reviews: () => reviews.filter((review) => review.productUpc === upc).map(reviewOf),
    }
  );
};
const author = users.find((user) => user.id === authorOfEveryReview.id);
const reviewOf = (review: Review): Record<string, unknown> => ({
  id: review.id,
  body: review.body,
  product: () => productOf(review.productUpc),
  author: () => ({ ...author, username: authorOfEveryReview.username, reviews: () => reviewsOfAnyUser.map(reviewOf) }),
});

export function expectedG1Response(): unknown {
  const result = execute({
    schema,
    document: parse(g1Query),
    rootValue: {
      users: () => users.map((user) => ({ ...user, reviews: () => reviewsOfAnyUser.map(reviewOf) })),
      topProducts: ({ first }: { first: number }) => products.slice(0, first).map((item) => productOf(item.upc)),
    },
  });
  if ('then' in result) throw new Error('the oracle resolves synchronously');
  if (result.errors) throw new Error(`oracle failed: ${result.errors.map((error) => error.message).join('; ')}`);
  return { data: result.data };
}
