resource "aws_ecs_task_definition" "x" {
  family = "x"
  container_definitions = jsonencode([{ name = "a", image = "b" }])
