import express from 'express';
import { config } from './config.js';
import { getOrder, placeOrder } from './orders.js';

const app = express();
app.use(express.json());

app.post('/rewards', async (req, res, next) => {
  try {
    const { rewardId, utid, amount, email, name } = req.body;
    const order = await placeOrder({ rewardId, utid, amount: Number(amount), recipientEmail: email, recipientName: name });
    res.status(201).json({ referenceOrderID: order.referenceOrderID, status: order.status });
  } catch (error) {
    next(error);
  }
});

app.get('/rewards/:referenceOrderId', async (req, res, next) => {
  try {
    const order = await getOrder(req.params.referenceOrderId);
    res.json({ referenceOrderID: order.referenceOrderID, status: order.status });
  } catch (error) {
    next(error);
  }
});

app.listen(config.port, () => {
  console.log(`Rewards service listening on port ${config.port}`);
});
