/** Reviews, each with its author and the products of the author's reviews: twice in the operation. */
const reviewsWithAuthors = `reviews {
  ...Review
  author {
    ...User
    reviews {
      ...Review
      product {
        ...Product
      }
    }
  }
}`;

/** `text` with every line after the first indented by `spaces`, to stand nested in the operation. */
const nested = (text: string, spaces: number) => text.replaceAll('\n', `\n${' '.repeat(spaces)}`);

/** The operation of The Guild's benchmark (k6 script), unchanged in meaning. */
export const g1Query = `fragment User on User {
  id
  username
  name
}

fragment Review on Review {
  id
  body
}

fragment Product on Product {
  inStock
  name
  price
  shippingEstimate
  upc
  weight
}

query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        ${nested(reviewsWithAuthors, 8)}
      }
    }
  }
  topProducts {
    ...Product
    ${nested(reviewsWithAuthors, 4)}
  }
}`;
